package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** The command's log fields: set for a scope, and what the thread had before put back. */
class CommandLogFieldsTest {

  @Test
  void theFields_areSetInTheScopeAndRemovedAfterIt() {
    try (CommandLogFields fields = CommandLogFields.of("shop/web", 7, "c-1")) {
      assertEquals("shop/web", MDC.get(CommandLogFields.SERVICE));
      assertEquals("7", MDC.get(CommandLogFields.EPOCH));
      assertEquals("c-1", MDC.get(CommandLogFields.COMMAND_ID));
    }

    assertNull(MDC.get(CommandLogFields.SERVICE));
    assertNull(MDC.get(CommandLogFields.EPOCH));
    assertNull(MDC.get(CommandLogFields.COMMAND_ID));
  }

  /** A result published inside a command's scope (no confirmation) opens one of its own. */
  @Test
  void aNestedScope_putsBackTheOuterFields() {
    try (CommandLogFields outer = CommandLogFields.of("shop/web", 7, "c-1")) {
      try (CommandLogFields inner = CommandLogFields.of("shop/cart", 8, null)) {
        assertEquals("shop/cart", MDC.get(CommandLogFields.SERVICE));
        assertNull(MDC.get(CommandLogFields.COMMAND_ID), "no id, no field");
      }

      assertEquals("shop/web", MDC.get(CommandLogFields.SERVICE));
      assertEquals("7", MDC.get(CommandLogFields.EPOCH));
      assertEquals("c-1", MDC.get(CommandLogFields.COMMAND_ID));
    } finally {
      MDC.clear();
    }
  }
}
