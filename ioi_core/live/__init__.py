"""The live workshop's computations: what the room is doing (aggregates, the wall) and the guess limiter for codes and keys."""
