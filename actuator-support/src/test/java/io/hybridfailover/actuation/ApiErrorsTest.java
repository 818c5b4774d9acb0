package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  /** What fabric8 throws when the API server does not answer within the request timeout. */
  private static final KubernetesClientException TIMEOUT =
      new KubernetesClientException(
          "The timeout period of 5000ms has been exceeded while executing PUT /apis/x", -1, null);

  @Test
  void aTimedOutRequest_isRetriedAndSaidAsNoAnswer() {
    assertTrue(ApiErrors.retryable(TIMEOUT));
    assertTrue(
        ApiErrors.describe(TIMEOUT).startsWith("no answer from the API server"),
        ApiErrors.describe(TIMEOUT));
  }

  @Test
  void conflictsThrottlingAndServerErrorsAreRetried_clientErrorsAreNot() {
    for (int code : new int[] {0, 409, 429, 500, 503}) {
      assertTrue(ApiErrors.retryable(new KubernetesClientException("x", code, null)), "" + code);
    }
    for (int code : new int[] {400, 403, 404, 422}) {
      assertFalse(ApiErrors.retryable(new KubernetesClientException("x", code, null)), "" + code);
    }
    assertEquals(
        "HTTP 403: RBAC says no",
        ApiErrors.describe(new KubernetesClientException("RBAC says no", 403, null)));
  }
}
