package io.enrolgate.registry.csv;

import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceInput;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Device lists in CSV, for bulk registration. The first record is a header naming the columns, in any
 * order: {@code install_code} (required: hex or any label text the Zigbee library reads), {@code ieee}
 * (required unless every install code is a label that carries it), {@code targets} (AE-IDs separated by
 * {@code ;}) and {@code labels} ({@code name=value} pairs separated by {@code ;}).
 *
 * <pre>
 * ieee,install_code,targets,labels
 * 000D6F000A0B0C0D,83FED3407A939723A5C639B26916D505C3B5,CAdmin;Capp,room=kitchen;floor=1
 * ,"Z:000D6F000A0B0C0E$I:83FED3407A939723A5C639B26916D505C3B5",CAdmin,
 * </pre>
 * An import is all or nothing: every line is checked first, and every problem reported with its line.
 */
public final class DeviceCsv {
    public static final List<String> COLUMNS = List.of("ieee", "install_code", "targets", "labels");
    /** Enough to report, few enough to read. */
    private static final int MAX_PROBLEMS = 50;

    private DeviceCsv() {
    }

    /** Checks and registers every device of {@code csv} in one transaction. */
    public static List<Device> importInto(RegistryStore store, String csv) {
        Map<IeeeAddress, Integer> lines = new LinkedHashMap<>();
        List<NewDevice> devices = parse(csv, lines);
        try {
            return store.addDevices(devices);
        } catch (DeviceAlreadyExistsException e) {
            throw new DeviceImportException(List.of("line " + lines.get(e.ieee()) + ": " + e.getMessage()));
        }
    }

    /** Reads every device of {@code csv}, or throws a {@link DeviceImportException} listing all problems. */
    public static List<NewDevice> parse(String csv) {
        return parse(csv, new HashMap<>());
    }

    private static List<NewDevice> parse(String csv, Map<IeeeAddress, Integer> lines) {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.parse(csv);
        } catch (IllegalArgumentException e) {
            throw new DeviceImportException(List.of(e.getMessage()));
        }
        if (records.isEmpty()) {
            throw new DeviceImportException(List.of("the CSV is empty: expected a header line (e.g. "
                    + String.join(",", COLUMNS) + ") and one line per device"));
        }
        Map<String, Integer> columns = header(records.get(0));
        if (records.size() == 1) {
            throw new DeviceImportException(List.of("the CSV has a header but no device lines"));
        }
        List<String> problems = new ArrayList<>();
        List<NewDevice> devices = new ArrayList<>();
        for (CsvRecords.Record record : records.subList(1, records.size())) {
            if (problems.size() >= MAX_PROBLEMS) {
                problems.add("(stopped after " + MAX_PROBLEMS + " problems)");
                break;
            }
            try {
                NewDevice device = device(record, columns);
                Integer earlier = lines.putIfAbsent(device.ieee(), record.line());
                if (earlier != null) {
                    problems.add("line " + record.line() + ": device " + device.ieee() + " is also on line " + earlier);
                } else {
                    devices.add(device);
                }
            } catch (IllegalArgumentException e) {
                problems.add("line " + record.line() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new DeviceImportException(problems);
        }
        return devices;
    }

    private static Map<String, Integer> header(CsvRecords.Record record) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < record.fields().size(); i++) {
            String name = record.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new DeviceImportException(List.of("line " + record.line() + ": unknown column '" + name
                        + "' in the header: expected some of " + String.join(", ", COLUMNS)));
            }
            if (columns.put(name, i) != null) {
                throw new DeviceImportException(List.of("line " + record.line() + ": column '" + name
                        + "' is named twice in the header"));
            }
        }
        if (!columns.containsKey("install_code")) {
            throw new DeviceImportException(List.of("line " + record.line() + ": the header has no install_code"
                    + " column: expected a header such as " + String.join(",", COLUMNS)));
        }
        return columns;
    }

    private static NewDevice device(CsvRecords.Record record, Map<String, Integer> columns) {
        if (record.fields().size() != columns.size()) {
            throw new IllegalArgumentException(record.fields().size() + " fields: expected " + columns.size()
                    + ", one per header column");
        }
        Optional<String> ieee = field(record, columns, "ieee");
        String installCode = field(record, columns, "install_code").orElse("");
        List<String> targets = field(record, columns, "targets").map(DeviceCsv::targets).orElse(List.of());
        Map<String, String> labels = field(record, columns, "labels").map(DeviceCsv::labels).orElse(Map.of());
        return new DeviceInput(ieee, installCode, targets, labels).validate();
    }

    private static Optional<String> field(CsvRecords.Record record, Map<String, Integer> columns, String name) {
        return Optional.ofNullable(columns.get(name)).map(index -> record.fields().get(index).strip())
                .filter(value -> !value.isEmpty());
    }

    /** {@code CAdmin;Capp} */
    public static List<String> targets(String text) {
        List<String> targets = new ArrayList<>();
        for (String target : text.split(";")) {
            if (!target.isBlank()) {
                targets.add(target.strip());
            }
        }
        return targets;
    }

    /** {@code room=kitchen;floor=1} */
    public static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        String[] pairs = text.split(";");
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                // Not quoted back: a misplaced column could put a secret here.
                throw new IllegalArgumentException("label " + (i + 1) + " has no '=': expected name=value pairs"
                        + " separated by ';'");
            }
            String name = pair.substring(0, equals).strip();
            if (labels.put(name, pair.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("label '" + name + "' is given twice");
            }
        }
        return labels;
    }
}
