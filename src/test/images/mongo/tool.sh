#!/bin/sh
# mongodump, mongorestore and mongosh in the Mongo stand-in image: MongoStandInTools, named by how it was called.
exec java -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx64m -Dtool="$(basename "$0")" \
	-cp '/opt/mongo-standin:/opt/mongo-standin/*' MongoStandInTools "$@"
