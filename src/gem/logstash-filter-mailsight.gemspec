# The gem Logstash installs with `bin/logstash-plugin install --local`. Built by build-gem.sh (`mvn package`)
# in target/gem, where VERSION and vendor/jar-dependencies/... (the shaded jar) are staged beside this file.
Gem::Specification.new do |s|
  s.name          = 'logstash-filter-mailsight'
  s.version       = ::File.read('VERSION').split("\n").first
  s.summary       = 'Postfix, Exim and Dovecot logs as Elastic Common Schema mail events'
  s.description   = 'A Logstash filter (Java) that parses mail server log lines, raw or already split by a ' \
                    'shipper (syslog input, Filebeat, Elastic Agent, journald), into ECS events with one ' \
                    'event.action vocabulary across MTAs. Install with bin/logstash-plugin install --local.'
  s.authors       = ['mailsight developers']
  s.licenses      = ['Apache-2.0']
  s.platform      = 'java'
  s.require_paths = ['lib', 'vendor/jar-dependencies']

  s.files = Dir['lib/**/*', '*.gemspec', '*.md', 'LICENSE', 'NOTICE.TXT',
                'vendor/jar-dependencies/**/*.jar', 'vendor/jar-dependencies/**/*.rb', 'VERSION', 'docs/**/*']

  # what makes Logstash treat the gem as a plugin, and as a Java one
  s.metadata = { 'logstash_plugin' => 'true', 'logstash_group' => 'filter', 'java_plugin' => 'true' }

  s.add_runtime_dependency 'logstash-core-plugin-api', '>= 1.60', '<= 2.99'
  s.add_runtime_dependency 'jar-dependencies'
  s.add_development_dependency 'logstash-devutils'
end
