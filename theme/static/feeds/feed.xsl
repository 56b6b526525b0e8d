<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows an Atom or RSS feed of the magazine as a readable page when someone opens
  it in a browser. No JavaScript; feed readers ignore this stylesheet. The CSS sits
  next to this file; its address is taken from the feed's xml-stylesheet instruction,
  so the page works at any depth (feeds/all.atom.xml, feeds/thema/x.rss.xml).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="atom dc">
  <xsl:output method="html" version="5.0" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="instruction" select="/processing-instruction('xml-stylesheet')"/>
  <xsl:variable name="here"
      select="substring-before(substring-after($instruction, 'href=&quot;'), 'feed.xsl')"/>
  <xsl:variable name="lang" select="(/atom:feed/@xml:lang | /rss/channel/language)[1]"/>
  <xsl:variable name="en" select="starts-with($lang, 'en')"/>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="(atom:feed/atom:title | rss/channel/title)[1]"/></title>
        <link rel="stylesheet" href="{$here}feed.css"/>
      </head>
      <body>
        <xsl:apply-templates select="atom:feed | rss/channel"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="notice">
    <xsl:param name="self"/>
    <div class="feed-notice">
      <p>
        <xsl:choose>
          <xsl:when test="$en">This is a feed. Copy its address into your feed reader, newsletter tool, Slack or Teams to follow new articles.</xsl:when>
          <xsl:otherwise>Dies ist ein Feed. Kopieren Sie seine Adresse in Ihren Feedreader, Ihr Newsletter-Tool, Slack oder Teams, um neuen Beiträgen zu folgen.</xsl:otherwise>
        </xsl:choose>
      </p>
      <p><code class="feed-address"><xsl:value-of select="$self"/></code></p>
    </div>
  </xsl:template>

  <xsl:template match="atom:feed">
    <header class="feed-header">
      <xsl:call-template name="notice">
        <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      </xsl:call-template>
      <h1><xsl:value-of select="atom:title"/></h1>
      <p class="feed-subtitle"><xsl:value-of select="atom:subtitle"/></p>
      <p><a href="{atom:link[@rel='alternate']/@href}">
        <xsl:choose>
          <xsl:when test="$en">Open the web page</xsl:when>
          <xsl:otherwise>Zur Webseite</xsl:otherwise>
        </xsl:choose>
      </a></p>
    </header>
    <main>
      <ol class="feed-items">
        <xsl:for-each select="atom:entry">
          <li class="feed-item" lang="{@xml:lang}">
            <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
            <p class="feed-item__meta">
              <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
              <xsl:for-each select="atom:author">
                <xsl:text> · </xsl:text><xsl:value-of select="atom:name"/>
              </xsl:for-each>
            </p>
            <p><xsl:value-of select="atom:summary"/></p>
          </li>
        </xsl:for-each>
      </ol>
    </main>
  </xsl:template>

  <xsl:template match="channel">
    <header class="feed-header">
      <xsl:call-template name="notice">
        <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      </xsl:call-template>
      <h1><xsl:value-of select="title"/></h1>
      <p class="feed-subtitle"><xsl:value-of select="description"/></p>
      <p><a href="{link}">
        <xsl:choose>
          <xsl:when test="$en">Open the web page</xsl:when>
          <xsl:otherwise>Zur Webseite</xsl:otherwise>
        </xsl:choose>
      </a></p>
    </header>
    <main>
      <ol class="feed-items">
        <xsl:for-each select="item">
          <li class="feed-item" lang="{dc:language}">
            <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
            <p class="feed-item__meta">
              <xsl:value-of select="pubDate"/>
              <xsl:for-each select="dc:creator">
                <xsl:text> · </xsl:text><xsl:value-of select="."/>
              </xsl:for-each>
            </p>
          </li>
        </xsl:for-each>
      </ol>
    </main>
  </xsl:template>
</xsl:stylesheet>
