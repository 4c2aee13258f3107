#!/bin/bash
# An exploration of the flagship scenario shared between 4 tasks on Slurm: every actor moving, to depth
# 4, each task a shard of the search. docs/scale.md ("Exploring on several machines") explains it.
#
# From the repository root, after `npm ci`, on a filesystem that the compute nodes share:
#   sbatch examples/scale/slurm-explore.sh
# Shard 0's report is in auspices-explore-<jobid>.out, the paths found in results/explored/.
#
# The shards work together, a depth at a time, through files in results/explore-<jobid>/, so they must
# run at once: one job whose tasks srun starts together, not an array. A shard that fails stops the
# search (the others give up after --shard-wait seconds); submit the job again, which gets a new folder.
#
#SBATCH --job-name=auspices-explore
#SBATCH --ntasks=4
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=4G
#SBATCH --time=02:00:00
#SBATCH --output=auspices-explore-%j.out

set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

# One shard per task: SLURM_PROCID is the task's number, 0 to SLURM_NTASKS - 1. `exec node
# dist/cli/bin.js` is `npx auspices` without npx, so that the SIGTERM Slurm sends at the time limit
# reaches the CLI: the shard stops, tells the others, and shard 0 reports what was found, as partial.
srun bash -c 'exec node dist/cli/bin.js explore scenarios/karabakh/format-week-2020.yaml \
  --depth 4 \
  --max-states 4000000 \
  --shard "$SLURM_PROCID/$SLURM_NTASKS" \
  --exchange "results/explore-$SLURM_JOB_ID" \
  --shard-wait 900 \
  --out results/explored'
