package dev.archsim.local;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.CompletionPublisherContract;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.RunEvent;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

class ConsoleCompletionPublisherTest extends CompletionPublisherContract {
  private final StringWriter out = new StringWriter();
  private final ConsoleCompletionPublisher publisher =
      new ConsoleCompletionPublisher(new PrintWriter(out));

  @Override
  protected CompletionPublisher publisher() {
    return publisher;
  }

  @Override
  protected List<RunEvent> received(int expected, Duration timeout) {
    return out.toString().lines().map(MessageCodec::runEvent).toList();
  }
}
