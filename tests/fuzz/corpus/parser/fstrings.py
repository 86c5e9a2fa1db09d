a = f"{x!r:>{width}} {{literal}} {'nested'} {"same"}"
b = rf"\d{x}" F'{a["k"]}' f'''{
    y  # comment
}'''
c = f"\N{BULLET} {z=}"
