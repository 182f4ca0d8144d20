package io.enrolgate.mef.core;

/** Hears how each procedure ended, for metrics. Must be fast and must not throw. */
public interface MefObserver {
    MefObserver NONE = (procedure, outcome) -> { };

    void procedureCompleted(MefProcedure procedure, Outcome outcome);
}
