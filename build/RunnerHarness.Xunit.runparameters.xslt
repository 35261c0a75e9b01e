<?xml version="1.0" encoding="utf-8"?>
<!-- Turns a runsettings file's TestRunParameters into the name=value lines of runner-harness.runparameters. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="utf-8" />
  <xsl:template match="/">
    <xsl:for-each select="/RunSettings/TestRunParameters/Parameter">
      <xsl:value-of select="concat(@name, '=', @value, '&#10;')" />
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
