package dev.fabrica.neural.gpt;

import java.util.List;

/**
 * Turns chat messages (system / user / assistant) into a prompt. A model trained on plain text
 * (poems, fortunes) cannot follow instructions: {@link #PLAIN} gives it the conversation's text
 * (user and assistant turns, one per line, the system message left out), so its reply continues
 * the user's words in the corpus's style. A corpus written as a transcript with {@code <|user|>}
 * and {@code <|assistant|>} lines gets {@link #TAGGED}, which ends the prompt with the assistant
 * tag and stops at the next user tag.
 */
public enum ChatTemplate {
  PLAIN,
  TAGGED;

  /** One turn of a conversation; role is system, user or assistant. */
  public record Message(String role, String content) {
    public Message {
      if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
        throw new IllegalArgumentException("a message's role must be system, user or assistant, got '" + role + "'");
      }
    }
  }

  static final String ASSISTANT = "<|assistant|>";

  /** The template a corpus implies: tagged when it holds assistant tags, plain otherwise. */
  public static ChatTemplate forCorpus(String text) {
    return text.contains(ASSISTANT) ? TAGGED : PLAIN;
  }

  /** The prompt for the model's next reply. */
  public String prompt(List<Message> messages) {
    StringBuilder b = new StringBuilder();
    for (Message m : messages) {
      if (this == PLAIN) {
        if (!m.role().equals("system")) {
          b.append(b.length() == 0 ? "" : "\n").append(m.content());
        }
      } else {
        b.append("<|").append(m.role()).append("|>\n").append(m.content()).append('\n');
      }
    }
    if (this == TAGGED) {
      b.append(ASSISTANT).append('\n');
    }
    return b.toString();
  }

  /** Stop sequences that end a reply. */
  public List<String> stops() {
    return this == PLAIN ? List.of() : List.of("\n<|user|>", "\n<|system|>");
  }
}
