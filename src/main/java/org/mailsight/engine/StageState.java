package org.mailsight.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * A stage whose state survives a restart: {@link Pipeline#snapshot} writes each such stage under its name,
 * {@link Pipeline#restore} hands each stage back what it wrote. A stage reads all of its state before it installs
 * any, so a state it cannot read leaves it empty, never half loaded. Only JDK collections, boxed values, Strings and
 * the stage's own classes in org.mailsight may be written (restore refuses other classes).
 */
public interface StageState {
    /** The name the state is filed under ({@code correlation}); stable across versions. */
    String stateName();

    void writeState(ObjectOutputStream out) throws IOException;

    void readState(ObjectInputStream in) throws IOException, ClassNotFoundException;
}
