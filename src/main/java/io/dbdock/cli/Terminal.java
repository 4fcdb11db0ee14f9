package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Standard streams, and whether a person is there to answer questions and watch progress. */
public final class Terminal {
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputStream in;
    private final boolean interactive;

    public Terminal(PrintWriter out, PrintWriter err, InputStream in, boolean interactive) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
    }

    public static Terminal system() {
        return new Terminal(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, System.console() != null);
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /**
     * Standard output as bytes (a client's output, as it comes): decoded as UTF-8 a line at a
     * time onto {@link #out()}, so it interleaves with everything else printed there.
     */
    public java.io.OutputStream outStream() {
        return new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }

            @Override
            public void flush() {
                out.print(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }

            @Override
            public void close() {
                flush();
            }
        };
    }

    public boolean interactive() {
        return interactive;
    }

    /**
     * Asks a yes/no question; the answer defaults to No. Without a terminal it refuses and says
     * how to confirm non-interactively.
     */
    public boolean confirm(String question) {
        if (!interactive) {
            throw UserFacingException.invalid("dbdock asks first (\"" + question + "\"), but there is no terminal to ask on: "
                    + "nothing was done. Add --yes to go ahead without asking.");
        }
        err.print(question + " [y/N] ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks for a line of text on a terminal; {@code otherwise} when the answer is empty or there is no terminal. */
    public String ask(String question, String otherwise) {
        if (!interactive) {
            return otherwise;
        }
        err.print(question + " [" + otherwise + "] ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return answer == null || answer.isBlank() ? otherwise : answer.trim();
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** All of standard input, without the one line break a shell or echo adds at the end. */
    public String readSecretFromStdin() {
        try {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (s.endsWith("\r\n")) {
                s = s.substring(0, s.length() - 2);
            } else if (s.endsWith("\n")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        } catch (IOException e) {
            throw UserFacingException.invalid("Could not read the password from standard input: " + e.getMessage());
        }
    }

    /** A one-line status that rewrites itself on a terminal; silent otherwise. */
    public void progress(String line) {
        if (interactive) {
            err.print("\r\033[2K" + line);
            err.flush();
        }
    }

    public void endProgress() {
        if (interactive) {
            err.print("\r\033[2K");
            err.flush();
        }
    }
}
