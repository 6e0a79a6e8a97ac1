import Testing
@testable import Buckets
