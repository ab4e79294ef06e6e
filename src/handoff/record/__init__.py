"""Reading a record: safe YAML, front-matter parsing and the record's models.

The floor of the package: it imports nothing else from handoff, and never git,
click or MkDocs. Exports live in its modules: `parse` (`parse_text`,
`parse_bytes`, `load`, `Document`, `ParseError`), `yamlsafe` (the composer that
refuses tags, aliases and ambiguous plain values), `model` (`FIELDS`,
`Record`, `AI_ASSIST`), `text` (slugs, placeholders, one-line messages),
`pydantic_errors` (model errors as located findings) and `bounds` (the calendar
and the day counts every date and number is bounded to).
"""
