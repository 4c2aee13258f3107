#!/bin/bash
# A sweep of the flagship scenario's what-if `france-recognises` on Slurm: 100,000 runs, seed 2020,
# cut into 20 shards of 5,000 runs, one array task per shard. docs/scale.md explains each part.
#
# From the repository root, after `npm ci`, on a filesystem that the compute nodes share:
#   jobid=$(sbatch --parsable examples/scale/slurm-array.sh)
#   sbatch --dependency=afterok:${jobid%%;*} examples/scale/slurm-merge.sh
# Every task passes --resume, so a task can run again at any time: it starts its shard if nothing was
# written yet, goes on from the last run written if it was stopped, and runs nothing if it is done.
# To finish stopped shards (here 3 and 7), submit the same script for them, then the merge:
#   jobid=$(sbatch --parsable --array=3,7 examples/scale/slurm-array.sh)
#   sbatch --dependency=afterok:${jobid%%;*} examples/scale/slurm-merge.sh
#
#SBATCH --job-name=auspices-shards
#SBATCH --array=0-19
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --output=auspices-shard-%A_%a.out

set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

# `exec node dist/cli/bin.js` is `npx auspices` without npx in between, so that the SIGTERM Slurm sends
# at the time limit reaches the CLI, which then stops cleanly (exit 130) and can be resumed.
exec node dist/cli/bin.js batch scenarios/karabakh/format-week-2020.yaml \
  --what-if france-recognises \
  --runs 100000 \
  --seed 2020 \
  --workers "$SLURM_CPUS_PER_TASK" \
  --shard "$SLURM_ARRAY_TASK_ID/20" \
  --out "results/shard-$SLURM_ARRAY_TASK_ID" \
  --resume
