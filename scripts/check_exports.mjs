// Loads the exports of a built graph directory with graphology: graph.json through
// Graph.from, graph.gexf through graphology-gexf, graph.graphml through graphology-graphml.
// Usage: node scripts/check_exports.mjs DIR   (with graphology and its parsers installed).
import { createRequire } from 'module';
import { readFileSync, existsSync } from 'fs';
import { join } from 'path';

const require = createRequire(join(process.env.NEWSGRAPH_NODE_MODULES || process.cwd(), 'x.js'));
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');

const dir = process.argv[2] || 'graphs';
const fail = (msg) => { console.error(`graphology: ${msg}`); process.exit(1); };

const json = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8'));
const g = Graph.from(json);
if (g.order === 0) fail('graph.json has no nodes');
g.forEachNode((k, a) => { if (!a.label || !a.type) fail(`graph.json node ${k} lacks label or type`); });
g.forEachEdge((k, a) => { if (!(a.weight > 0) || !a.kind) fail(`graph.json edge ${k} lacks weight or kind`); });

let checked = ['graph.json'];
if (existsSync(join(dir, 'graph.gexf'))) {
  const x = gexf.parse(Graph, readFileSync(join(dir, 'graph.gexf'), 'utf8'), { allowUndeclaredAttributes: true });
  if (x.order !== g.order) fail(`graph.gexf has ${x.order} nodes, graph.json ${g.order}`);
  if (x.size !== g.size) fail(`graph.gexf has ${x.size} edges, graph.json ${g.size}`);
  checked.push('graph.gexf');
}
if (existsSync(join(dir, 'graph.graphml'))) {
  const y = graphml.parse(Graph, readFileSync(join(dir, 'graph.graphml'), 'utf8'), { addMissingNodes: false });
  if (y.order !== g.order) fail(`graph.graphml has ${y.order} nodes, graph.json ${g.order}`);
  checked.push('graph.graphml');
}
console.log(`graphology ok: ${checked.join(', ')} (${g.order} nodes, ${g.size} edges)`);
