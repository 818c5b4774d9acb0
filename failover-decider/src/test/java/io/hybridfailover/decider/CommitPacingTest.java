package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommitPacingTest {

  private final CommitPacing pacing = new CommitPacing();

  @Test
  void aLoneCommandAsksForTheCommitAtOnce() {
    assertFalse(pacing.processed(1_000, false));
    assertTrue(pacing.processed(1_010, true));
    assertFalse(pacing.punctuated(1_011), "nothing is left waiting");
    assertTrue(
        pacing.processed(1_010 + CommitPacing.BURST_MS, true),
        "a burst's length later: lone again");
  }

  @Test
  void aBurstIsCommittedOnceTheFetchedRecordsAreDecided() {
    assertTrue(pacing.processed(1_000, true));
    // The commit took 150 ms; the records fetched meanwhile are decided one after the other.
    assertFalse(pacing.processed(1_150, true));
    assertFalse(pacing.processed(1_151, false));
    assertFalse(pacing.punctuated(1_151), "records were processed since the last punctuation");
    assertFalse(pacing.processed(1_152, true));
    assertFalse(pacing.punctuated(1_153), "still processing");
    assertTrue(pacing.punctuated(1_154), "drained: one commit for the three commands");
    assertFalse(pacing.punctuated(1_155), "asked once");
  }

  @Test
  void aBurstThatDoesNotDrainIsCommittedAfterTheLongestWait() {
    assertTrue(pacing.processed(1_000, true));
    assertFalse(pacing.processed(1_100, true));
    long now = 1_100;
    for (int i = 1; i < CommitPacing.MAX_WAIT_MS; i++) {
      assertFalse(pacing.processed(++now, false));
      assertFalse(pacing.punctuated(now));
    }
    assertTrue(pacing.processed(++now, false), "waited " + CommitPacing.MAX_WAIT_MS + " ms");
  }

  @Test
  void punctuationsWithoutCommandsAskForNothing() {
    assertFalse(pacing.punctuated(1_000));
    assertFalse(pacing.processed(1_001, false));
    assertFalse(pacing.punctuated(1_002));
    assertFalse(pacing.punctuated(1_003));
  }
}
