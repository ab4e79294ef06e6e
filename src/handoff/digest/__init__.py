"""The digest: Plan -> Fact -> Gap as of a day, from git history.

`state` reads the repo's state as of a day, `compute` turns it into the
figures (`Digest` in `model`), and `format` prints them as text, markdown or
the contract's JSON.
"""
