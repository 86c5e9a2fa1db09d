class A(:
    x = "open
