#!/usr/bin/env python3
"""Build a newsgraph graph with Spark doing the recognition (the map step).

    python3 scripts/spark_build.py INPUT... --out DIR [--master local[2]]
                                   [--newsgraph PATH] [--partitions N]

Inputs are files and directories as for `newsgraph build` (directories walked
recursively in sorted order; .txt/.md pages, .jsonl/.ndjson records; files named
directly are read whatever their extension), or Hadoop URIs (hdfs://, s3a://,
file://, ...) listed the same way through Hadoop's FileSystem API.

How it works:

1. The driver lists the input files in the order `newsgraph build` reads them and
   numbers them.
2. Spark reads each file whole as raw bytes (local paths: by the worker; URIs:
   `binaryFiles`). Raw bytes rather than `wholeTextFiles`, because newsgraph decodes
   GB18030/GBK and UTF-16 pages itself and `wholeTextFiles` would force UTF-8. The
   files are range-partitioned by number, so partition k holds a contiguous run.
3. Each partition runs ONE `newsgraph extract FILE...` process over its files, each
   staged as `TMP/<number>/<file name>`: a page stays one unit and is segmented by
   extract exactly as by build, and the article ids, which come from the file name,
   are the same. The `source` field of each record (the staged path) is set back to
   the path `build` would record. `extract` reads stdin too, but then names every page
   `stdin.txt` (ids `stdin-01`, ...) and treats a JSONL line as one article, so stdin
   cannot carry the file name; hence files as arguments.
4. The driver takes the records back in input order, writes them as part files and
   runs `newsgraph merge PART... --out DIR`, which builds the graph and store: the
   same bytes as `newsgraph build INPUT... --out DIR` (checked by scripts/spark_check.sh).

`--out` (and `--keep-parts`) are directories on the driver's machine: merge writes the
SQLite store there.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PAGE_EXTENSIONS = (b"txt", b"md")
JSONL_EXTENSIONS = (b"jsonl", b"ndjson")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # hdfs://…, s3a://…, file:/…


class UsageError(Exception):
    """Bad input or usage: exit code 2, as newsgraph's own."""


# ---------------------------------------------------------------------------------------
# Listing the inputs exactly as newsgraph's ingest::collect_files does.
# ---------------------------------------------------------------------------------------

def has_extension(name, exts):
    """Rust's Path::extension (after the last dot, not a leading one), ASCII case-folded."""
    raw = os.fsencode(name)
    i = raw.rfind(b".")
    return i > 0 and raw[i + 1:].lower() in exts


def walked(name):
    return has_extension(name, PAGE_EXTENSIONS) or has_extension(name, JSONL_EXTENSIONS)


def join(base, name):
    """PathBuf::join: a separator only when the base does not end with one."""
    return base + name if base.endswith("/") else base + "/" + name


def display_path(path):
    """ingest::display_path: forward slashes, no leading `./`."""
    s = os.fsencode(path).decode("utf-8", "replace").replace("\\", "/")
    return s[2:] if s.startswith("./") else s


def list_local(inp):
    """Files under a local input as (source, path): walk in sorted order, dot-names skipped."""
    if not os.path.exists(inp):
        raise UsageError(f"{inp}: No such file or directory")
    if not os.path.isdir(inp):
        return [(display_path(inp), inp)]
    out = []

    def walk(d):
        try:
            names = os.listdir(d)
        except OSError as e:
            raise UsageError(f"{d}: {e.strerror}")
        for name in sorted(names, key=os.fsencode):
            if name.startswith("."):
                continue
            p = join(d, name)
            if os.path.isdir(p):
                walk(p)
            elif walked(name):
                out.append((display_path(p), p))

    walk(inp)
    return out


def list_uri(sc, inp):
    """Files under a Hadoop URI as (source, qualified path), walked like a local directory.

    The source recorded for `file:` URIs is the local path (so it equals a build of that
    path); for other schemes it is the URI as given, joined with the relative names."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    root = jvm.org.apache.hadoop.fs.Path(inp)
    fs = root.getFileSystem(conf)
    shown = re.sub(r"^file:(//)?", "", inp) if inp.startswith("file:") else inp
    try:
        status = fs.getFileStatus(root)
    except Exception as e:  # py4j wraps java.io.FileNotFoundException
        raise UsageError(f"{inp}: {str(e).splitlines()[0] if str(e) else 'not found'}")
    if not status.isDirectory():
        return [(shown, str(fs.makeQualified(status.getPath()).toString()))]
    out = []

    def walk(path, shown_dir):
        children = sorted(fs.listStatus(path), key=lambda st: st.getPath().getName().encode("utf-8"))
        for st in children:
            name = st.getPath().getName()
            if name.startswith("."):
                continue
            if st.isDirectory():
                walk(st.getPath(), join(shown_dir, name))
            elif walked(name):
                out.append((join(shown_dir, name), str(fs.makeQualified(st.getPath()).toString())))

    walk(status.getPath(), shown)
    hidden = [src for src, _ in out if src.rsplit("/", 1)[-1].startswith("_")]
    if hidden:
        raise UsageError("Hadoop input formats never read files whose names start with `_`: "
                         + ", ".join(hidden[:5]) + "; rename them, or give them as local paths")
    return out


def hadoop_literal(path):
    """A path for FileInputFormat's comma-separated, globbing input list that matches only
    itself, or (for `,{}`, which the list splitter reads before globbing) a few siblings
    too, which the key lookup drops."""
    path = re.sub(r"([\\*?\[\]])", r"\\\1", path)
    return re.sub(r"[,{}]", "?", path)


# ---------------------------------------------------------------------------------------
# The map step, run on the workers: one `newsgraph extract` per partition.
# ---------------------------------------------------------------------------------------

def find_binary(name):
    """The newsgraph binary on a worker: an absolute path, a file shipped with
    --files/addFile (SparkFiles), one in the working directory, or one on PATH."""
    if os.path.isabs(name) and os.path.isfile(name):
        return name
    base = os.path.basename(name)
    candidates = []
    try:
        from pyspark import SparkFiles

        candidates.append(SparkFiles.get(base))
    except Exception:
        pass
    candidates.append(os.path.abspath(base))
    for c in candidates:
        if os.path.isfile(c):
            if not os.access(c, os.X_OK):
                try:
                    os.chmod(c, 0o755)
                except OSError:
                    pass
            return c
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(f"newsgraph binary {name!r} not found on this worker (ship it with --files or install it)")


def make_extractor(binary, extract_flags, threads):
    def extract_partition(items):
        """(number, (source, kind, payload)) for a run of files → (number, [articles.jsonl
        lines]) for each, in order, from one `newsgraph extract` over all of them."""
        items = sorted(items, key=lambda kv: kv[0])
        if not items:
            return
        tmp = tempfile.mkdtemp(prefix="newsgraph-extract-")
        try:
            args, by_staged = [], {}
            for idx, (source, kind, payload) in items:
                d = os.path.join(tmp, str(idx))
                os.mkdir(d)
                staged = os.path.join(d, source.rsplit("/", 1)[-1])  # same file name, same ids
                if kind == "local":
                    os.symlink(payload, staged)
                else:
                    with open(staged, "wb") as f:
                        f.write(payload)
                args.append(staged)
                by_staged[display_path(staged)] = (idx, source)
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            with open(os.path.join(tmp, "stderr"), "w+b") as errf:
                proc = subprocess.Popen([find_binary(binary), "extract", *extract_flags, *args],
                                        stdout=subprocess.PIPE, stderr=errf, env=env)
                pending = iter(idx for idx, _ in items)  # files not yet handed on
                current, lines = None, []
                for raw in proc.stdout:
                    raw = raw.decode("utf-8").rstrip("\n")
                    if not raw.strip():
                        continue
                    rec = json.loads(raw)
                    idx, source = by_staged[rec["source"]]
                    if idx != current:
                        if current is not None:
                            yield current, lines
                        for skipped in pending:  # files before this one gave no articles
                            if skipped == idx:
                                break
                            yield skipped, []
                        else:
                            raise RuntimeError("newsgraph extract did not keep its inputs' order")
                        current, lines = idx, []
                    # Put back the source build records; the rest stays as extract wrote it.
                    old = '"source":' + json.dumps(rec["source"], ensure_ascii=False)
                    new = '"source":' + json.dumps(source, ensure_ascii=False)
                    if raw.count(old) == 1:
                        raw = raw.replace(old, new)
                    else:
                        rec["source"] = source
                        raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
                    lines.append(raw)
                code = proc.wait()
                errf.seek(0)
                err = errf.read().decode("utf-8", "replace")
            for staged, (_, source) in by_staged.items():
                err = err.replace(staged, source)
            if code != 0:
                raise RuntimeError(f"newsgraph extract exited with code {code}: {err.strip()}")
            if err.strip():
                sys.stderr.write(err)
            if current is not None:
                yield current, lines
            for skipped in pending:
                yield skipped, []
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return extract_partition


# ---------------------------------------------------------------------------------------
# The driver.
# ---------------------------------------------------------------------------------------

def default_binary():
    env = os.environ.get("NEWSGRAPH")
    if env:
        return env
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "newsgraph")
    return os.path.normpath(here) if os.path.isfile(here) else "newsgraph"


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Run a newsgraph build on Spark: `newsgraph extract` as the map step over "
        "whole files, then `newsgraph merge` into one graph and store.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files and directories as for `newsgraph build`, or Hadoop URIs (hdfs://, s3a://, file://)")
    p.add_argument("--out", required=True, help="output directory on the driver's machine")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--newsgraph", default=default_binary(), metavar="PATH",
                   help="newsgraph binary (default: $NEWSGRAPH, target/release/newsgraph, or newsgraph on PATH); "
                   "on a cluster, a local file is shipped to the workers")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="number of extract tasks (default: Spark's default parallelism; at most one per file)")
    p.add_argument("--date", help="extract: date for articles whose input has none (YYYY-MM-DD)")
    p.add_argument("--skip-bad", action="store_true", help="extract: go on past malformed JSONL lines")
    p.add_argument("--dict", action="append", default=[], metavar="PATH",
                   help="extract and merge: extra dictionary file or directory (repeatable); on a cluster "
                   "the path must be readable where each extract runs (a shared file system)")
    p.add_argument("--no-seeds", action="store_true",
                   help="extract and merge: leave out the dictionary entries seeded from the sample corpus")
    p.add_argument("--keep-reprints", action="store_true", help="merge: keep reprinted stories apart")
    p.add_argument("--window", help="merge: co-occurrence window (sentence, paragraph, article)")
    p.add_argument("--format", help="merge: graph formats to write (comma-separated)")
    p.add_argument("--keep-parts", metavar="DIR",
                   help="keep the extracted articles.jsonl parts (input order) in DIR")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    return p.parse_args(argv)


def dict_flags(args):
    """The dictionary flags, the same for every extract and the merge: the merge rebuilds
    located_in edges from the dictionaries, so it must see the ones the extracts saw."""
    flags = []
    for d in args.dict:
        flags += ["--dict", os.path.abspath(d)]
    if args.no_seeds:
        flags.append("--no-seeds")
    return flags


def main(argv):
    args = parse_args(argv)
    say = (lambda *a: None) if args.quiet else (lambda msg: print(f"spark_build: {msg}", file=sys.stderr, flush=True))
    t0 = time.monotonic()
    if args.partitions is not None and args.partitions < 1:
        raise UsageError("--partitions must be at least 1")
    local_bin = os.path.isfile(args.newsgraph)
    if not local_bin and not shutil.which(args.newsgraph):
        raise UsageError(f"newsgraph binary {args.newsgraph!r} not found (build it: cargo build --release)")
    driver_bin = os.path.abspath(args.newsgraph) if local_bin else shutil.which(args.newsgraph)

    # Local inputs are listed before Spark starts, so a mistyped path fails at once.
    listed = [("uri", inp, None) if URI.match(inp) else ("local", inp, list_local(inp)) for inp in args.inputs]

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if (args.master or "local").startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: loopback only
    from pyspark import SparkConf, SparkContext

    SparkContext._ensure_initialized()  # so SparkConf sees spark-submit's settings (--master)
    conf = SparkConf()
    conf.setIfMissing("spark.app.name", "newsgraph-build")
    conf.set("spark.ui.showConsoleProgress", "false")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    master = conf.get("spark.master")
    if master.startswith("local"):
        # Local mode needs no network: no UI, driver on the loopback interface.
        conf.setIfMissing("spark.ui.enabled", "false")
        conf.setIfMissing("spark.driver.host", "127.0.0.1")
        conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("FATAL")  # task failures are reported below, without the Java trace
    try:
        files = []  # (source, kind, locator) in build order
        for kind, inp, found in listed:
            if kind == "local":
                files += [(src, "local", os.path.abspath(path)) for src, path in found]
            else:
                files += [(src, "uri", qualified) for src, qualified in list_uri(sc, inp)]
        total = len(files)
        if total == 0:
            raise UsageError("no .txt, .md, .jsonl or .ndjson files in the inputs")
        n = min(args.partitions or sc.defaultParallelism, total)
        say(f"{total} file(s), {n} partition(s), master {master}")

        single = master == "local" or master.startswith("local[")  # tasks run in this machine's driver
        if single or not local_bin:
            binary = driver_bin if local_bin else args.newsgraph
        else:
            sc.addFile(driver_bin)  # shipped to every worker; found there through SparkFiles
            binary = os.path.basename(driver_bin)
        threads = int(sc.getConf().get("spark.task.cpus", "1"))
        extract_flags = dict_flags(args)
        if args.date:
            extract_flags += ["--date", args.date]
        if args.skip_bad:
            extract_flags.append("--skip-bad")

        rdds = []
        local_items = [(i, (src, "local", path)) for i, (src, kind, path) in enumerate(files) if kind == "local"]
        if local_items:
            if not single:
                say("local inputs on a cluster: the workers must see the same paths (shared file system)")
            rdds.append(sc.parallelize(local_items, n))
        uri_index = {}
        for i, (src, kind, qualified) in enumerate(files):
            if kind == "uri":
                uri_index.setdefault(qualified, []).append((i, src))
        if uri_index:
            wanted = sc.broadcast(uri_index)
            paths = ",".join(hadoop_literal(q) for q in uri_index)
            rdds.append(sc.binaryFiles(paths, n).flatMap(
                lambda kv: [(i, (src, "bytes", kv[1])) for i, src in wanted.value.get(kv[0], [])]))
        rdd = rdds[0] if len(rdds) == 1 else sc.union(rdds)
        # Range partitions: partition k holds a contiguous run of files, so the partitions
        # read in order give the records in input order.
        extracted = (rdd.partitionBy(n, lambda i: i * n // total)
                     .mapPartitions(make_extractor(binary, extract_flags, threads)))
        from pyspark import StorageLevel

        extracted.persist(StorageLevel.MEMORY_AND_DISK)
        extracted.count()  # all partitions in parallel; then read back one at a time
        t_map = time.monotonic()

        parts_dir = args.keep_parts or tempfile.mkdtemp(prefix="newsgraph-parts-")
        os.makedirs(parts_dir, exist_ok=True)
        parts = [os.path.join(parts_dir, f"part-{k:05d}.jsonl") for k in range(n)]
        handles = [open(p, "w", encoding="utf-8") for p in parts]
        seen, articles, expected = set(), 0, 0
        try:
            for idx, lines in extracted.toLocalIterator():
                if idx < expected:
                    raise RuntimeError(f"records of file {idx} arrived out of order")
                expected = idx
                seen.add(idx)
                handles[idx * n // total].writelines(line + "\n" for line in lines)
                articles += len(lines)
        finally:
            for h in handles:
                h.close()
        extracted.unpersist()
        missing = [files[i][0] for i in range(total) if i not in seen]
        if missing:
            raise RuntimeError("Spark did not read: " + ", ".join(missing[:10]))
        say(f"extracted {articles} article(s) in {t_map - t0:.1f} s")
    finally:
        sc.stop()

    cmd = [driver_bin, "merge", *parts, "--out", args.out, *dict_flags(args)]
    if args.keep_reprints:
        cmd.append("--keep-reprints")
    if args.window:
        cmd += ["--window", args.window]
    if args.format:
        cmd += ["--format", args.format]
    if args.quiet:
        cmd.append("--quiet")
    rc = subprocess.run(cmd).returncode
    if not args.keep_parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    say(f"done in {time.monotonic() - t0:.1f} s")
    return rc


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as e:
        print(f"spark_build: error: {e}", file=sys.stderr)
        sys.exit(2)
    except Exception as e:  # a failed Spark job: show newsgraph's message, not the Java trace
        msg = str(e)
        m = re.search(r"RuntimeError: (.*?)(?:\n\s*at |\Z)", msg, re.S)
        shown = m.group(1) if m else "\n".join(msg.strip().splitlines()[:2])
        shown = re.sub(r"\s*SQLSTATE: \w+\s*$", "", shown)
        print(f"spark_build: error: {shown.strip()}", file=sys.stderr)
        code = re.search(r"newsgraph extract exited with code (\d+)", msg)
        sys.exit(int(code.group(1)) if code else 1)
