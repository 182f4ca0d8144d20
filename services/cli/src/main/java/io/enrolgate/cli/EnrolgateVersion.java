package io.enrolgate.cli;

import picocli.CommandLine;

/** The version printed by {@code enrolgate --version}, taken from the jar manifest when there is one. */
public final class EnrolgateVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = EnrolgateVersion.class.getPackage().getImplementationVersion();
        return new String[] {"enrolgate " + (version == null ? "(development build)" : version)};
    }
}
