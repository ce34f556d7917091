// Booting the stack on a loaded, shared machine can take far longer than jest's 5 s default.
jest.setTimeout(120_000);
