package io.enrolgate.registry.store;

import io.enrolgate.registry.device.Device;
import io.enrolgate.registry.device.DeviceAlreadyExistsException;
import io.enrolgate.registry.device.DeviceLinkKey;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.zigbee.IeeeAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/** The SQL of the device, device_label and device_target tables; the caller owns the transaction. */
final class DeviceTable {
    private static final String COLUMNS = "ieee, status, key_sequence, created_at, updated_at";

    private final DeviceSecrets secrets;

    DeviceTable(DeviceSecrets secrets) {
        this.secrets = secrets;
    }

    Device insert(Connection connection, NewDevice device, Instant now) throws SQLException {
        String ieee = device.ieee().toDisplayHex();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device (ieee, install_code_enc,"
                + " link_key_enc, status, key_sequence, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, ieee);
            insert.setBytes(2, secrets.sealInstallCode(device.ieee(), device.installCode()));
            insert.setBytes(3, secrets.sealLinkKey(device.ieee(), device.installCode().linkKey()));
            insert.setString(4, DeviceStatus.ACTIVE.name());
            Jdbc.setInstant(insert, 5, now);
            Jdbc.setInstant(insert, 6, now);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new DeviceAlreadyExistsException(device.ieee());
            }
            throw e;
        }
        try (PreparedStatement label = connection.prepareStatement(
                "INSERT INTO device_label (ieee, label_name, label_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> entry : device.labels().entrySet()) {
                label.setString(1, ieee);
                label.setString(2, entry.getKey());
                label.setString(3, entry.getValue());
                label.addBatch();
            }
            label.executeBatch();
        }
        try (PreparedStatement target = connection.prepareStatement(
                "INSERT INTO device_target (ieee, ordinal, ae_id) VALUES (?, ?, ?)")) {
            for (int i = 0; i < device.targets().size(); i++) {
                target.setString(1, ieee);
                target.setInt(2, i);
                target.setString(3, device.targets().get(i));
                target.addBatch();
            }
            target.executeBatch();
        }
        return new Device(device.ieee(), DeviceStatus.ACTIVE, 0, device.labels(), device.targets(), true, now, now);
    }

    Optional<Device> find(Connection connection, IeeeAddress ieee) throws SQLException {
        List<Device> found = select(connection, " WHERE ieee = ?", ieee.toDisplayHex());
        return found.stream().findFirst();
    }

    List<Device> list(Connection connection) throws SQLException {
        return select(connection, "", null);
    }

    boolean setStatus(Connection connection, IeeeAddress ieee, DeviceStatus status, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE device SET status = ?, updated_at = ? WHERE ieee = ?")) {
            update.setString(1, status.name());
            Jdbc.setInstant(update, 2, now);
            update.setString(3, ieee.toDisplayHex());
            return update.executeUpdate() == 1;
        }
    }

    boolean remove(Connection connection, IeeeAddress ieee) throws SQLException {
        // Labels and targets go with it (ON DELETE CASCADE).
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM device WHERE ieee = ?")) {
            delete.setString(1, ieee.toDisplayHex());
            return delete.executeUpdate() == 1;
        }
    }

    Optional<DeviceLinkKey> findLinkKey(Connection connection, IeeeAddress ieee) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status, key_sequence, link_key_enc FROM device WHERE ieee = ?")) {
            select.setString(1, ieee.toDisplayHex());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DeviceLinkKey(ieee, DeviceStatus.valueOf(row.getString("status")),
                        row.getInt("key_sequence"), secrets.openLinkKey(ieee, row.getBytes("link_key_enc"))));
            }
        }
    }

    /** Opens one stored link key, if any device exists: proves the key-encryption key is the right one. */
    void checkOneSecret(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ieee, link_key_enc FROM device ORDER BY ieee FETCH FIRST 1 ROWS ONLY");
                ResultSet row = select.executeQuery()) {
            if (row.next()) {
                secrets.openLinkKey(IeeeAddress.parse(row.getString(1)), row.getBytes(2));
            }
        }
    }

    OptionalInt nextKeySequence(Connection connection, IeeeAddress ieee, Instant now) throws SQLException {
        int current;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT key_sequence FROM device WHERE ieee = ? FOR UPDATE")) {
            select.setString(1, ieee.toDisplayHex());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return OptionalInt.empty();
                }
                current = row.getInt(1);
            }
        }
        int next = (current + 1) & 0xFF;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE device SET key_sequence = ?, updated_at = ? WHERE ieee = ?")) {
            update.setInt(1, next);
            Jdbc.setInstant(update, 2, now);
            update.setString(3, ieee.toDisplayHex());
            update.executeUpdate();
        }
        return OptionalInt.of(next);
    }

    /** Devices with their labels and targets: three queries, joined here, whatever the number of devices. */
    private List<Device> select(Connection connection, String where, String ieee) throws SQLException {
        Map<String, TreeMap<String, String>> labels = new HashMap<>();
        try (ResultSet row = query(connection, "SELECT ieee, label_name, label_value FROM device_label" + where, ieee)) {
            while (row.next()) {
                labels.computeIfAbsent(row.getString(1), key -> new TreeMap<>()).put(row.getString(2), row.getString(3));
            }
        }
        Map<String, List<String>> targets = new HashMap<>();
        try (ResultSet row = query(connection, "SELECT ieee, ae_id FROM device_target" + where + " ORDER BY ordinal",
                ieee)) {
            while (row.next()) {
                targets.computeIfAbsent(row.getString(1), key -> new ArrayList<>()).add(row.getString(2));
            }
        }
        List<Device> devices = new ArrayList<>();
        try (ResultSet row = query(connection, "SELECT " + COLUMNS + " FROM device" + where + " ORDER BY ieee", ieee)) {
            while (row.next()) {
                String key = row.getString("ieee");
                devices.add(new Device(IeeeAddress.parse(key), DeviceStatus.valueOf(row.getString("status")),
                        row.getInt("key_sequence"), labels.getOrDefault(key, new TreeMap<>()),
                        targets.getOrDefault(key, List.of()), true, Jdbc.getInstant(row, "created_at"),
                        Jdbc.getInstant(row, "updated_at")));
            }
        }
        return devices;
    }

    /** A query whose result set closes its statement (closeOnCompletion). */
    private static ResultSet query(Connection connection, String sql, String parameter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            statement.closeOnCompletion();
            return statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
