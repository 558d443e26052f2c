package dev.archsim.notifier;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a range of a DynamoDB stream's shard again: the records of a batch the notifier could not
 * publish, which Lambda's on-failure destination names by stream, shard and sequence numbers. The
 * stream keeps records for 24 hours; an older range fails with the service's error.
 */
public final class StreamReplay {
  /** Empty pages in a row after which an open shard is taken to hold nothing more of the range. */
  private static final int EMPTY_PAGES = 5;

  private final DynamoDbStreamsClient streams;

  public StreamReplay(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  /** The records from {@code firstSequence} to {@code lastSequence} (both included), in order. */
  public List<DynamodbEvent.DynamodbStreamRecord> records(
      String streamArn, String shardId, String firstSequence, String lastSequence) {
    BigInteger last = new BigInteger(lastSequence);
    String iterator =
        streams
            .getShardIterator(
                b ->
                    b.streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(firstSequence))
            .shardIterator();
    List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
    int empty = 0;
    while (iterator != null && empty < EMPTY_PAGES) {
      String current = iterator;
      GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
      empty = page.records().isEmpty() ? empty + 1 : 0;
      for (Record r : page.records()) {
        if (new BigInteger(r.dynamodb().sequenceNumber()).compareTo(last) > 0) {
          return out;
        }
        out.add(StreamImages.fromSdk(r));
      }
      if (!out.isEmpty()
          && new BigInteger(out.get(out.size() - 1).getDynamodb().getSequenceNumber())
                  .compareTo(last)
              >= 0) {
        return out;
      }
      iterator = page.nextShardIterator();
    }
    return out;
  }
}
