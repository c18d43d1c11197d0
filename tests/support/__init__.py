"""What the tests share: tools, fixture projects, model and server factories."""
