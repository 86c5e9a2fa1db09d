if a:
	b = 1
elif c: d = 2
else:
    try:
        import x as y
    except* (E, F) as g:
        pass
    finally:
        pass
match p:
    case [1, *rest] if rest:
        pass
    case {"k": v, **kw}:
        pass
with (open(a) as f, open(b) as g,):
    async def h[T](x, /, *a, k=lambda: 0, **kw) -> T: ...
