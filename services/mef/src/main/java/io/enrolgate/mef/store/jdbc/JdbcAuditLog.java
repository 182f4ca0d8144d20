package io.enrolgate.mef.store.jdbc;

import io.enrolgate.mef.core.AuditLog;
import io.enrolgate.mef.core.AuditRecord;
import io.enrolgate.mef.core.KeyRegistrationStore.StoreException;
import io.enrolgate.mef.core.MefProcedure;
import io.enrolgate.mef.core.Outcome;
import io.enrolgate.mef.core.RelativeKeyId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The MEF's audit trail in table {@code mef_audit}, in the same database as the registrations. */
public final class JdbcAuditLog implements AuditLog {
    private static final int MAX_DETAIL = 1024;

    private final DataSource dataSource;

    public JdbcAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void record(AuditRecord record) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO mef_audit (recorded_at,"
                        + " procedure_name, actor, relative_key_id, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, record.time().atOffset(ZoneOffset.UTC));
            insert.setString(2, record.procedure().name());
            insert.setString(3, record.actor());
            insert.setString(4, record.relativeKeyId());
            insert.setString(5, record.outcome().name());
            insert.setString(6, record.detail() == null || record.detail().length() <= MAX_DETAIL ? record.detail()
                    : record.detail().substring(0, MAX_DETAIL - 3) + "...");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not write an audit record: " + e.getMessage(), e);
        }
    }

    @Override
    public List<AuditRecord> recordsFor(RelativeKeyId relativeKeyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT recorded_at, procedure_name, actor,"
                        + " relative_key_id, outcome, detail FROM mef_audit WHERE relative_key_id = ? ORDER BY id")) {
            select.setString(1, relativeKeyId.value());
            List<AuditRecord> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    records.add(new AuditRecord(rows.getObject(1, OffsetDateTime.class).toInstant(),
                            MefProcedure.valueOf(rows.getString(2)), rows.getString(3), rows.getString(4),
                            Outcome.valueOf(rows.getString(5)), rows.getString(6)));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new StoreException("could not read the audit records of " + relativeKeyId + ": " + e.getMessage(),
                    e);
        }
    }
}
