"""Reading a record: safe YAML, front-matter parsing and the record's models.

The floor of the package: it imports nothing else from handoff, and never git,
click or MkDocs. Exports live in its modules: `parse` (`parse_text`,
`parse_bytes`, `load`, `Document`, `ParseError`), `yamlsafe` (the composer that
refuses tags, aliases and ambiguous plain values), `model` (`FIELDS`,
`Record`, `AI_ASSIST`), `text` (slugs, placeholders, one-line messages) and
`pydantic_errors` (model errors as located findings).
"""
