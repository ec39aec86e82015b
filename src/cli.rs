//! Command-line flags: every flag and its documentation in one place, turned into
//! validated library configs by `into_config` methods.

use clap::{Args, Parser, Subcommand};
use newsgraph::export::Format;
use newsgraph::filter::FilterConfig;
use newsgraph::graph::{EdgeKind, WeightKind, Window, EDGE_KINDS};
use newsgraph::model::EntityType;
use newsgraph::pipeline::{BuildConfig, DictConfig, ShapeConfig};
use newsgraph::query::RankBy;
use std::path::PathBuf;

/// What the exit code says, shown at the end of `--help`.
const EXIT_CODES: &str = "Exit codes:
  0  success (warnings about skipped files may have been printed)
  1  the command ran but its answer is no (eval below --min-f1, dict check found
     errors, path found no chain within --max-depth, a name given to query,
     neighbors or path names several entities: they are listed, ask by id)
  2  bad input or usage (a missing path, a malformed JSONL line without --skip-bad,
     a broken dictionary line, an unknown flag, a build or merge whose inputs hold
     no article: it writes nothing and the previous graph stays)";

/// Turn Chinese local-government news into a knowledge graph.
///
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph and article records from news pages and JSONL files.
    Build(BuildArgs),
    /// Recognize articles and print their records (articles.jsonl lines) on stdout: the
    /// map step of a cluster job (Spark `RDD.pipe`, Hadoop Streaming). Reads stdin when no
    /// input is given (JSONL records, or one page of text).
    Extract(ExtractArgs),
    /// Build one graph and store from articles.jsonl files written by `extract`.
    Merge(MergeArgs),
    /// Score recognition against gold annotations (precision, recall, F1 per type).
    Eval(EvalArgs),
    /// List what recognition missed (entity-shaped spans no mention covers) and what the
    /// rules found that no dictionary lists, in dictionary line format.
    Discover(DiscoverArgs),
    /// Re-export a built graph in another format, filtered or as an ego network.
    Export(ExportArgs),
    /// Work with dictionaries.
    #[command(subcommand)]
    Dict(DictCommand),
    /// An entity's card, its related articles and strongest neighbours (or, with --with,
    /// the articles two entities share).
    Query(QueryArgs),
    /// The neighbours of an entity.
    Neighbors(NeighborsArgs),
    /// The shortest chain of entities between two, with the articles behind each link.
    Path(PathArgs),
    /// The top entities by degree, weighted degree, PageRank or mentions.
    Top(TopArgs),
    /// Officials' careers: each title held, where, first and last seen, in date order,
    /// with the changes (副区长 → 区长).
    Careers(CareersArgs),
    /// A local web app over the store: search, entity pages, the sentences behind each
    /// edge, articles with every mention marked, a laid-out graph, paths, top entities,
    /// downloads, and a JSON API under /api/ (the --json shapes). Reads the store only.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The directory holding newsgraph.db (written by build).
    #[arg(long, default_value = "graphs", value_name = "DIR")]
    pub store: PathBuf,
    /// Port to listen on; 0 takes any free port (the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind. The default answers only this machine; 0.0.0.0 opens the app to
    /// the network (it has no login: anyone who reaches it reads the store).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the app in the default browser once it listens (xdg-open, open or start).
    #[arg(long)]
    pub open: bool,
}

/// Where the store is and how to print.
#[derive(Debug, Args, Clone)]
pub struct StoreArgs {
    /// The directory holding newsgraph.db (written by build).
    #[arg(long, default_value = "graphs", value_name = "DIR")]
    pub store: PathBuf,
    /// Print JSON (stable shape, documented in the README) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Name, alias or id of the entity (spaces are ignored).
    pub name: String,
    /// Only the articles where this entity appears too.
    #[arg(long, value_name = "OTHER")]
    pub with: Option<String>,
    /// How many articles, neighbours and acts to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Only acts of this kind (visits, meets, signs, helps, runs, invests_in, builds).
    #[arg(long, value_name = "KIND", value_parser = ["visits", "meets", "signs", "helps", "runs", "invests_in", "builds"])]
    pub acts: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct CareersArgs {
    /// The official (name, alias or id); all officials when left out.
    pub name: Option<String>,
    /// One CSV row per post for all officials (or the one named), columns named like the
    /// CPED's: name, organization, jurisdiction, title, first_seen, last_seen, articles.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// Name, alias or id of the entity (spaces are ignored).
    pub name: String,
    /// Only neighbours of this type.
    #[arg(long = "type", value_parser = parse_type)]
    pub ty: Option<EntityType>,
    /// How many steps away.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// Show at most this many neighbours (strongest first).
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
    /// Never step on entities of these types (comma-separated), e.g. district,journalist.
    #[arg(long, value_delimiter = ',', value_name = "TYPE", value_parser = parse_type)]
    pub exclude: Vec<EntityType>,
    /// Follow only these edge kinds (comma-separated): cooccurs, role, located_in, covers,
    /// or an act: visits, meets, signs, helps, runs, invests_in, builds.
    #[arg(long, visible_alias = "kind", value_delimiter = ',', value_name = "KIND", value_parser = EDGE_KINDS)]
    pub via: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// The entity to start from (name, alias or id).
    pub from: String,
    /// The entity to reach (name, alias or id).
    pub to: String,
    /// Give up beyond this many steps.
    #[arg(long, default_value_t = 6)]
    pub max_depth: usize,
    /// Never step on entities of these types (comma-separated), e.g. district,journalist.
    #[arg(long, value_delimiter = ',', value_name = "TYPE", value_parser = parse_type)]
    pub exclude: Vec<EntityType>,
    /// Follow only these edge kinds (comma-separated): cooccurs, role, located_in, covers,
    /// or an act: visits, meets, signs, helps, runs, invests_in, builds.
    #[arg(long, visible_alias = "kind", value_delimiter = ',', value_name = "KIND", value_parser = EDGE_KINDS)]
    pub via: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only entities of this type (official, journalist, person, district, organization,
    /// company, program, project).
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub ty: Option<EntityType>,
    /// degree, weighted, pagerank or mentions.
    #[arg(long, default_value = "pagerank", value_parser = parse_rank)]
    pub by: RankBy,
    /// Show this many entities.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Lint the built-in dictionaries and the given files or directories: malformed lines,
    /// an alias naming two entities, names of two types, duplicates. Exits 1 on errors.
    Check {
        /// Dictionary files or directories (named like officials.txt, companies-mine.txt).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print errors only, not warnings.
        #[arg(long)]
        errors_only: bool,
    },
}

/// How the exported graph is weighted and filtered (build and export).
#[derive(Debug, Args, Clone)]
pub struct ShapeArgs {
    /// What edges' `weight` holds: count (windows together), fractional (a window of n
    /// entities adds 1/(n-1) per pair), or jaccard (shared articles / all their articles).
    #[arg(long, default_value = "count", value_parser = parse_weight)]
    pub weight: WeightKind,
    /// Drop co-occurrence edges whose weight is below this.
    #[arg(long, value_name = "W")]
    pub min_weight: Option<f64>,
    /// Keep only these entity types (comma-separated: official,organization,…).
    #[arg(long, value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<EntityType>,
    /// Drop this entity type (repeatable or comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_type)]
    pub exclude: Vec<EntityType>,
    /// Keep each node's K heaviest co-occurrence edges.
    #[arg(long, value_name = "K")]
    pub top_k: Option<usize>,
    /// Keep the backbone of co-occurrence edges significant at ALPHA (disparity filter,
    /// Serrano, Boguñá and Vespignani 2009; 0.05 is usual).
    #[arg(long, value_name = "ALPHA", value_parser = parse_alpha)]
    pub backbone: Option<f64>,
    /// Keep only these edge kinds (comma-separated): cooccurs, role, located_in, covers,
    /// visits, meets, signs, helps, runs, invests_in, builds. `--kinds visits` is the
    /// graph of who inspected what.
    #[arg(long, value_delimiter = ',', value_name = "KIND", value_parser = parse_kind)]
    pub kinds: Vec<EdgeKind>,
    /// How many of an edge's article ids the graph files list, newest first, or `all`.
    /// `article_count` always counts every article; `query X --with Y` finds every article
    /// naming both.
    #[arg(long, value_name = "N|all", default_value_t = ArticleIds(Some(newsgraph::graph::DEFAULT_ARTICLE_IDS)), value_parser = parse_article_ids)]
    pub article_ids: ArticleIds,
}

/// `--article-ids`: a number or `all`.
#[derive(Clone, Copy, Debug)]
pub struct ArticleIds(pub Option<usize>);

impl std::fmt::Display for ArticleIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("all"),
        }
    }
}

fn parse_article_ids(s: &str) -> Result<ArticleIds, String> {
    match s {
        "all" => Ok(ArticleIds(None)),
        _ => s.parse().map(|n| ArticleIds(Some(n))).map_err(|_| format!("`{s}` is neither a number nor `all`")),
    }
}

impl ShapeArgs {
    pub fn into_config(self, ego: Option<(String, usize)>) -> ShapeConfig {
        ShapeConfig {
            weight: self.weight,
            article_ids: self.article_ids.0,
            filter: FilterConfig {
                types: self.types,
                exclude: self.exclude,
                min_weight: self.min_weight,
                top_k: self.top_k,
                backbone: self.backbone,
                kinds: self.kinds,
                ego,
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A directory written by `build`.
    #[arg(long, default_value = "graphs", value_name = "DIR")]
    pub from: PathBuf,
    /// graphml, gexf, json (graphology), node-link (networkx), csv (Neo4j import), dot.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Output file (for csv: a directory for nodes.csv and edges.csv); stdout without it.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Export only the neighbourhood of this entity (name, alias or id).
    #[arg(long, value_name = "NAME")]
    pub ego: Option<String>,
    /// How many steps from --ego.
    #[arg(long, default_value_t = 1, requires = "ego")]
    pub depth: usize,
    /// Rebuild co-occurrences with another window than the build's.
    #[arg(long, value_parser = parse_window)]
    pub window: Option<Window>,
    #[command(flatten)]
    pub shape: ShapeArgs,
    /// The dictionaries the build used (`located_in` edges come from their division
    /// codes): give the same --dict and --no-seeds as to `build`.
    #[command(flatten)]
    pub dicts: DictArgs,
}

/// Dictionary options shared by every command that reads dictionaries.
#[derive(Debug, Args, Clone)]
pub struct DictArgs {
    /// Extra dictionary file or directory (files named like officials.txt,
    /// companies-mine.txt); may be repeated.
    #[arg(long = "dict", value_name = "PATH")]
    pub dict: Vec<PathBuf>,
    /// Leave out the built-in entries seeded from the sample corpus (to measure the rules).
    #[arg(long)]
    pub no_seeds: bool,
}

impl MergeArgs {
    /// A build configuration without inputs: merge reads `files` instead.
    pub fn into_config(self) -> BuildConfig {
        BuildConfig {
            inputs: Vec::new(),
            out: self.out,
            window: self.window,
            date: None,
            dicts: self.dicts.into_config(),
            formats: self.format,
            shape: self.shape.into_config(None),
            append: false,
            keep_reprints: self.keep_reprints,
        }
    }
}

impl DictArgs {
    pub fn into_config(self) -> DictConfig {
        DictConfig { extra: self.dict, no_seeds: self.no_seeds }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files and directories to read (.txt and .md pages, .jsonl articles); directories
    /// are walked recursively.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "graphs")]
    pub out: PathBuf,
    /// Co-occurrence window: sentence, paragraph or article.
    #[arg(long, default_value = "paragraph", value_parser = parse_window)]
    pub window: Window,
    /// Date for articles whose input gives none (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// Go on past malformed JSONL lines (reported, counted) instead of failing.
    #[arg(long)]
    pub skip_bad: bool,
    /// Add the inputs to the store and graph already in --out; articles seen before (same
    /// text) are skipped, old ones are not processed again.
    #[arg(long)]
    pub append: bool,
    /// Keep reprints apart: by default a story printed again (on another page or site,
    /// with other punctuation or a sentence edited) is one article with several sources.
    #[arg(long)]
    pub keep_reprints: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Graph formats to write (comma-separated; articles.jsonl is always written).
    #[arg(long, value_delimiter = ',', default_value = "graphml,gexf,json", value_parser = parse_format)]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub dicts: DictArgs,
    #[command(flatten)]
    pub shape: ShapeArgs,
}

impl BuildArgs {
    pub fn into_config(self) -> BuildConfig {
        BuildConfig {
            inputs: self.inputs,
            out: self.out,
            window: self.window,
            date: self.date,
            dicts: self.dicts.into_config(),
            formats: self.format,
            shape: self.shape.into_config(None),
            append: self.append,
            keep_reprints: self.keep_reprints,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files and directories (as for build); stdin when none.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Date for articles whose input has none.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
    /// Go on past malformed JSONL lines.
    #[arg(long)]
    pub skip_bad: bool,
    #[command(flatten)]
    pub dicts: DictArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// articles.jsonl files written by `extract` (or `build`).
    #[arg(required = true, value_name = "ARTICLES")]
    pub files: Vec<PathBuf>,
    /// Keep reprints apart instead of folding them into their first printing.
    #[arg(long)]
    pub keep_reprints: bool,
    /// Directory to write the graph, articles.jsonl and the store into.
    #[arg(long, default_value = "graphs")]
    pub out: PathBuf,
    /// Co-occurrence window: sentence, paragraph or article.
    #[arg(long, default_value = "paragraph", value_parser = parse_window)]
    pub window: Window,
    /// Graph formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "graphml,gexf,json", value_parser = parse_format)]
    pub format: Vec<Format>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub shape: ShapeArgs,
    /// The dictionaries `extract` used: give the same --dict and --no-seeds.
    #[command(flatten)]
    pub dicts: DictArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Directory of gold files (<page stem>.jsonl, one line per article).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Also score relations against this directory (files named as the gold's, one line
    /// per gold article: `{"relations": [{"kind", "subject", "object"}]}`).
    #[arg(long, value_name = "DIR")]
    pub relations: Option<PathBuf>,
    /// The pages the gold annotates.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Exit 1 when overall F1 is below this.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    /// Print every false positive and false negative.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub dicts: DictArgs,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Files and directories to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Show at most this many candidates of each type in each list.
    #[arg(long, default_value_t = 25)]
    pub limit: usize,
    /// Only candidates seen at least this often.
    #[arg(long, default_value_t = 1)]
    pub min_count: usize,
    /// Which list to print: `missed` (spans that look like entities but no recognized
    /// mention covers), `found` (entities the rules found that no dictionary lists) or
    /// `all` (both, missed first).
    #[arg(long, default_value = "all", value_parser = ["all", "missed", "found"])]
    pub only: String,
    /// Only these types (comma-separated).
    #[arg(long = "type", value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<EntityType>,
    /// Print JSON: {"missed": [...], "found": [...]}, each candidate with type, name,
    /// count, articles, roles, evidence, example, file and line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub dicts: DictArgs,
}

/// The walk a neighbours or path command asked for.
pub fn walk(exclude: &[EntityType], via: &[String]) -> newsgraph::query::Walk {
    newsgraph::query::Walk { exclude: exclude.iter().map(|t| t.as_str().to_string()).collect(), via: via.to_vec() }
}

fn parse_rank(s: &str) -> Result<RankBy, String> {
    s.parse()
}

fn parse_weight(s: &str) -> Result<WeightKind, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_kind(s: &str) -> Result<EdgeKind, String> {
    EdgeKind::parse(s).ok_or_else(|| format!("unknown edge kind `{s}` ({})", EDGE_KINDS.join(", ")))
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown type `{s}` ({})", all.join(", "))
    })
}

fn parse_alpha(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(a) if a > 0.0 && a < 1.0 => Ok(a),
        _ => Err(format!("`{s}` is not a significance level between 0 and 1")),
    }
}

fn parse_window(s: &str) -> Result<Window, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<String, String> {
    let ok = s.len() == 10
        && s.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if ok { Ok(s.to_string()) } else { Err(format!("`{s}` is not a date like 2022-06-21")) }
}
