"""`python -m counter.training` runs the training platform (same as `counter training-server`)."""

from counter.training.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
