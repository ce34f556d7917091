// Integration tests boot real processes on a shared 2-core machine: every wait is generous, and no
// test asserts timing.
jest.setTimeout(240_000);
