package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Small JDBC helpers shared by the repositories. */
final class Rows {

  private Rows() {}

  static Instant instant(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? null : Instant.parse(s);
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static void set(PreparedStatement p, int index, Long value) throws SQLException {
    if (value == null) {
      p.setNull(index, Types.INTEGER);
    } else {
      p.setLong(index, value);
    }
  }

  static void set(PreparedStatement p, int index, Instant value) throws SQLException {
    p.setString(index, value == null ? null : value.toString());
  }

  static long generatedId(PreparedStatement p) throws SQLException {
    try (ResultSet keys = p.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("no generated id");
      }
      return keys.getLong(1);
    }
  }
}
