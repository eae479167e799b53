"""Builds a newsgraph graph on Apache Spark.

`newsgraph extract` is the mapper: `rdd.pipe` feeds it each partition's JSON Lines articles
and gets back one partial-graph line per article. `newsgraph merge --partial` is the
reducer. It runs over ever fewer, larger partitions, each level merging `--fan-in`
partitions into one, until a single partition is left. The driver then runs
`newsgraph merge --out` on that partition, which resolves entities across all documents and
writes the same files as `newsgraph build`. merge is associative and commutative, so the
result equals `newsgraph build ARTICLES.jsonl` on one machine.

Local mode (pyspark from PyPI, Java 17):
    python examples/spark/newsgraph_spark.py articles.jsonl out/ \
        --newsgraph target/release/newsgraph --master 'local[2]'

On a cluster, ship the binary with the job and call it by its file name:
    spark-submit --master yarn --files target/release/newsgraph \
        examples/spark/newsgraph_spark.py hdfs:///news/articles.jsonl out/ --newsgraph ./newsgraph
"""

import argparse
import os
import subprocess

from pyspark.sql import SparkSession


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("articles", help="JSON Lines articles: {\"id\", \"text\", ...} per line")
    p.add_argument("out", help="output folder of the graph (on the driver)")
    p.add_argument("--newsgraph", default="newsgraph", help="the newsgraph binary")
    p.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument("--partitions", type=int, default=4, help="minimum input partitions")
    p.add_argument("--fan-in", type=int, default=4, help="partitions merged into one per level")
    p.add_argument("--format", default="json,dot,gexf", help="formats, as for newsgraph build")
    return p.parse_args()


def binary(path):
    """An absolute path for a binary given by path, else the name as given (PATH or --files)."""
    return os.path.abspath(path) if os.sep in path and not path.startswith("./") else path


def main():
    args = parse_args()
    newsgraph = binary(args.newsgraph)
    builder = SparkSession.builder.appName("newsgraph")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        sc = spark.sparkContext
        articles = sc.textFile(args.articles, minPartitions=args.partitions)
        level = articles.pipe(f"{newsgraph} extract -j 1")
        # The tree of reducers: each level merges fan-in partitions into one.
        while level.getNumPartitions() > 1:
            fewer = max(1, level.getNumPartitions() // max(2, args.fan_in))
            level = level.coalesce(fewer).pipe(f"{newsgraph} merge --partial")
        partial = "".join(line + "\n" for line in level.collect())
    finally:
        spark.stop()
    subprocess.run(
        [newsgraph, "merge", "-q", "--format", args.format, "--out", args.out, "-"],
        input=partial,
        text=True,
        check=True,
    )


if __name__ == "__main__":
    main()
