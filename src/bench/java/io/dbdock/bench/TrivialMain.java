package io.dbdock.bench;

/** The command-line figures' baseline: a Java main that prints one line, on the same runtime and options. */
public final class TrivialMain {
    private TrivialMain() {
    }

    public static void main(String[] args) {
        System.out.println("dbdock-bench");
    }
}
