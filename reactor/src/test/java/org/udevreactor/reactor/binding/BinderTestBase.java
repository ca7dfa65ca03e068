package org.udevreactor.reactor.binding;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link BindingScene} and its binder for every test; subclasses add devices in {@link #arrange}. */
abstract class BinderTestBase {
    @TempDir
    Path temp;

    BindingScene scene;
    Binder binder;

    @BeforeEach
    final void scene() throws Exception {
        scene = new BindingScene(temp);
        arrange(scene);
        binder = scene.binder();
    }

    /** Devices and drivers beyond the scene's q35 machine. */
    void arrange(BindingScene scene) {
    }
}
