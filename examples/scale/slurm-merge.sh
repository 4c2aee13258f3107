#!/bin/bash
# Merge the shards of slurm-array.sh once every array task has succeeded:
#   sbatch --dependency=afterok:<jobid of the array> examples/scale/slurm-merge.sh
#
#SBATCH --job-name=auspices-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=auspices-merge-%j.out

set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

npx auspices merge results/shard-* --out results/merged
