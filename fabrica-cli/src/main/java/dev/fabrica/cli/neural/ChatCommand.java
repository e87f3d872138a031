package dev.fabrica.cli.neural;

import ai.djl.ndarray.NDManager;
import dev.fabrica.cli.CommonOptions;
import dev.fabrica.core.BadInputException;
import dev.fabrica.core.Reporter;
import dev.fabrica.neural.Torch;
import dev.fabrica.neural.gpt.ChatTemplate;
import dev.fabrica.neural.gpt.Conversation;
import dev.fabrica.neural.gpt.Sampler;
import dev.fabrica.neural.gpt.SamplingOptions;
import dev.fabrica.neural.run.GptRuns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fabrica chat RUN}: each line read is a user message; the model's reply streams back.
 * A model trained on plain text continues the user's words; characters its vocabulary lacks are
 * left out (with a note on standard error), since a chat should not end on one unknown character.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = {"Chat with a GPT run: type a message, the reply streams back; an empty line or end of input quits.",
        "Reads standard input (or --input FILE), so it works in pipes too."})
public final class ChatCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin GptSampleOptions opts;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by 'fabrica train gpt'.")
  Path run;

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message (ignored by plain-text models).")
  String system;

  @Option(names = "--input", paramLabel = "FILE", description = "Read the user's messages from FILE, one per line, instead of standard input.")
  Path input;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Reporter r = common.reporter();
    SamplingOptions base = opts.toOptions(common.seed());
    if (input != null && !Files.isRegularFile(input)) {
      throw new BadInputException("--input: no such file: " + input);
    }
    boolean terminal = input == null && System.console() != null;
    Torch.start(common.threads());
    try (NDManager m = NDManager.newBaseManager(); GptRuns.Loaded model = GptRuns.load(run, m);
        BufferedReader in = input != null ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
            : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      ChatTemplate template = model.template();
      SamplingOptions o = base.withStop(concat(base.stop(), template.stops()));
      // each turn's prompt begins with the last one's text: the conversation keeps its cache
      Conversation chat = new Sampler(model.gpt(), model.tokenizer()).conversation();
      List<ChatTemplate.Message> messages = new ArrayList<>();
      if (system != null) {
        messages.add(new ChatTemplate.Message("system", system));
      }
      long turn = 0;
      while (true) {
        if (terminal) {
          out.print("> ");
          out.flush();
        }
        String line = in.readLine();
        if (line == null || line.isBlank()) {
          break;
        }
        String user = GptCli.prompt(model.tokenizer(), line, true, "the message", r);
        messages.add(new ChatTemplate.Message("user", user));
        // each turn its own draw, still fixed by --seed
        Sampler.Completion reply = chat.generate(template.prompt(messages), o.withSeed(common.seed() + turn++), (row, token, text) -> {
          out.print(text);
          out.flush();
        });
        out.println();
        out.flush();
        messages.add(new ChatTemplate.Message("assistant", reply.text()));
      }
    }
    return 0;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
