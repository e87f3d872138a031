package dev.fabrica.serve;

/**
 * What runs a loaded model's requests: a bounded number of them held at once (429 beyond), and
 * drained before the model is closed.
 */
interface Worker extends AutoCloseable {
  /** Requests running or waiting. */
  int depth();

  /** Lets the requests it holds finish, turns new ones away, then runs {@code after} (closing the model). */
  void retire(Runnable after);

  /** Stops at once; requests still held fail. */
  @Override
  void close();
}
