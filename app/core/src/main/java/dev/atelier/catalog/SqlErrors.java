package dev.atelier.catalog;

import java.sql.SQLException;

/** Turns driver messages into something a person can read. */
final class SqlErrors {

  private SqlErrors() {}

  static String plain(SQLException e) {
    String m = e.getMessage();
    if (m == null) {
      return "unknown database error";
    }
    // sqlite-jdbc prefixes "[SQLITE_XXX] long description (detail)".
    int close = m.indexOf("] ");
    return m.startsWith("[") && close > 0 ? m.substring(close + 2) : m;
  }
}
