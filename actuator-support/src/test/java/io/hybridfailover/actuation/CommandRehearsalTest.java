package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CommandRehearsalTest {

  @Test
  void theRehearsedFetchReadsTheRecordAndItsCommitMarker() {
    assertEquals(2, CommandRehearsal.readCommittedBatch());
  }
}
