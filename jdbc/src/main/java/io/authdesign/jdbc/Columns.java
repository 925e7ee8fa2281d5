package io.authdesign.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Conversions between the models' values and the typed columns of the migrations. */
final class Columns {

    private Columns() {}

    /**
     * The instant as a {@code TIMESTAMP WITH TIME ZONE}, truncated to the microsecond both databases keep,
     * so that what a store returns equals what it later reads back.
     */
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(truncate(instant), ZoneOffset.UTC));
        }
    }

    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The column at {@code index} (1-based): a lookup by position skips the driver's map of column names. */
    static Instant getInstant(ResultSet rows, int index) throws SQLException {
        OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * A set of tokens (scopes, methods, grant types, {@code amr} values) as one space-separated column,
     * sorted so equal sets are equal strings. Tokens with a space or empty ones are refused: RFC 6749
     * section 3.3 scope-tokens have none.
     */
    static String joinTokens(Collection<String> tokens) {
        for (String token : tokens) {
            if (token.isEmpty() || token.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("A token must be non-empty and without spaces: '" + token + "'");
            }
        }
        return String.join(" ", tokens.stream().sorted().toList());
    }

    /** A list of URIs, which contain no space (RFC 3986), as one space-separated column, in order. */
    static String joinList(List<String> values) {
        for (String value : values) {
            if (value.isEmpty() || value.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("A value must be non-empty and without spaces: '" + value + "'");
            }
        }
        return String.join(" ", values);
    }

    static Set<String> splitTokens(String column) {
        return Set.copyOf(splitList(column));
    }

    static List<String> splitList(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(column.split(" ")));
    }
}
