"""The parts of the streaming pipeline (pipeline.py): its metrics, its Delta writes, and one
module per stream. Not jobs themselves: the job runner lists only the .py files beside common.py."""
