// Tests against real services need more than jest's default 5 s.
jest.setTimeout(120000);
