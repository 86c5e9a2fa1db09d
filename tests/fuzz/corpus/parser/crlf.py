class A(B):
    x = "a" \
        "b"
