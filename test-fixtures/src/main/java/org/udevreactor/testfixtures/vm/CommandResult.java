package org.udevreactor.testfixtures.vm;

/**
 * What a shell script run in the guest returned.
 *
 * @param script the script as sent
 * @param exitCode its exit status
 * @param output its standard output and error, interleaved as written
 */
public record CommandResult(String script, int exitCode, String output) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return "guest script exited " + exitCode + ":\n--- script\n" + script.strip() + "\n--- output\n" + output;
    }
}
