package dev.archsim.local.adapters;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.RunEvent;
import java.io.PrintWriter;

/**
 * Publishes run events as one JSON line each on a stream (the embedded stand-in for
 * SNS/EventBridge).
 */
public final class ConsoleCompletionPublisher implements CompletionPublisher {
  private final PrintWriter out;

  public ConsoleCompletionPublisher(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void publish(RunEvent event) {
    synchronized (out) {
      out.println(MessageCodec.runEvent(event));
      out.flush();
    }
  }
}
