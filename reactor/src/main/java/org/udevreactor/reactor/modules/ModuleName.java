package org.udevreactor.reactor.modules;

/** Module names as libkmod compares them: '-' and '_' are the same character. */
final class ModuleName {
    private ModuleName() {
    }

    static String of(String name) {
        return name.indexOf('-') < 0 ? name : name.replace('-', '_');
    }
}
