package dev.archsim.minimal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;
import java.util.List;

/** Answers an SQS event with no failures, doing nothing else: the cold-start baseline. */
@Named("minimal")
public class MinimalHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
  }
}
