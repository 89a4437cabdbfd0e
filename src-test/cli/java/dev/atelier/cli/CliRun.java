package dev.atelier.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code atelier} command in-process, capturing what it prints. */
record CliRun(int code, String out, String err) {

  /** {@code atelier [--home HOME] ARGS}, with {@code stdin} as standard input. */
  static CliRun of(Path home, String stdin, String... args) {
    String[] all = args;
    if (home != null) {
      all = new String[args.length + 2];
      all[0] = "--home";
      all[1] = home.toString();
      System.arraycopy(args, 0, all, 2, args.length);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AtelierCli.run(
            new BufferedReader(new StringReader(stdin)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            all);
    return new CliRun(code, out.toString(), err.toString());
  }
}
