# encoding: utf-8
# The Ruby face of the Java filter org.mailsight.logstash.Mailsight: Logstash finds the plugin by config_name
# and runs the Java class javaClass names.
require "logstash/filters/base"
require "logstash/namespace"
require "logstash-filter-mailsight_jars"
require "java"

class LogStash::Filters::Mailsight < LogStash::Filters::Base
  config_name "mailsight"

  def self.javaClass() org.mailsight.logstash.Mailsight.java_class; end
end
