package sod.spark;

import java.io.Serializable;

/**
 * Called at the start of every task of the operator's passes, with the pass name ("evaluate", "measure",
 * "adjoint", "map", ...): a test hook (e.g. to fail one task once and watch Spark retry it).
 */
@FunctionalInterface
public interface TaskHook extends Serializable {
    TaskHook NONE = pass -> {};

    void before(String pass);
}
