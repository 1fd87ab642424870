"""References to the old names in code and deployment config (the EM1xx findings).

Renaming keys in ``.env`` is half a migration: code and deployment files that still read
``DINGTALK_APP_KEY`` break the next deploy. This subpackage finds them, file:line:col,
and computes the exact-token edits that ``migrate --code`` applies:

=====  ========  =====================================================================
code   severity  when
=====  ========  =====================================================================
EM101  error     code reads a deprecated name (Python, JavaScript/TypeScript, shell, Go,
                 Java, Kotlin, C#, Rust, PHP, Ruby, Elixir, Groovy: Jenkinsfiles, Gradle)
EM102  error     deployment config sets or passes a deprecated name (Dockerfile
                 ``ENV``/``ARG``, docker-compose ``environment:``, GitHub/GitLab
                 workflow ``env:``/``variables:``, Kubernetes ``env:`` entries)
EM103  warning   code or config still uses an obsolete name (``DINGTALK_AGENT_ID``);
                 reported, never rewritten
EM104  error     ``dingtalk-stream`` pinned or bounded below 0.8.0
EM105  warning   ``requires-python`` (or its equivalent) allows Python older than 3.11
EM106  error     ``DingTalkStreamClient(id, secret)``: the secret lands in the SDK's
                 ``logger`` parameter; pass ``dingtalk_stream.Credential(id, secret)``
EM107  error     ``DingTalkStreamClient.Credential`` does not exist: use
                 ``dingtalk_stream.Credential``
EM108  warning   a pydantic-settings field that reads a deprecated name through its
                 field name (``dingtalk_app_key``, or ``env_prefix`` + field); not
                 rewritten (renaming a field changes its attribute everywhere)
EM109  error     a variable name built at run time from a piece of a deprecated name
                 (``"DINGTALK_" + "APP_KEY"``, ``"#{p}_APP_KEY"``, viper ``AutomaticEnv``
                 keys such as ``"dingtalk.app_key"``); reported only
=====  ========  =====================================================================

Nothing here imports the network code; every module is pure text in, hits out.
``registry`` maps a kind of file to its scanner and to the bytes that make a file worth
scanning.
"""
