"""The `handoff` command line: option parsing only, one thin module per command group.

`main` holds the lazy command group and the console entry point `main()`;
`check`, `digest` and `authoring` parse options and call one library function
each; `options` has the shared option types and refusal helpers; `report`
prints check results as text, json, github annotations or SARIF.
"""
